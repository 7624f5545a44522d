    mov       x8, x0
.L1:
    ldxr      x0, [x8]
    orr       x9, x0, x1
    stxr      w10, x9, [x8]
    cbnz      w10, .L1
    ret
