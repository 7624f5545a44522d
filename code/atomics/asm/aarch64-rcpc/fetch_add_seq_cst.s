    mov       w8, #1
    ldaddal   x8, x0, [x0]
    ret
