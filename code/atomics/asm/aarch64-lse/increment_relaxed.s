    mov       w8, #1
    ldadd     x8, x8, [x0]
    ret
