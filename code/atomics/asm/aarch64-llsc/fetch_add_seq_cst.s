    mov       x8, x0
.L1:
    ldaxr     x0, [x8]
    add       x9, x0, #1
    stlxr     w10, x9, [x8]
    cbnz      w10, .L1
    ret
