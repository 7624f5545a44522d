    mov       w8, #1
    ldadd     x8, x0, [x0]
    ret
