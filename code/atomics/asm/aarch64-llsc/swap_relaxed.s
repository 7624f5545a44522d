    mov       x8, x0
.L1:
    ldxr      x0, [x8]
    stxr      w9, x1, [x8]
    cbnz      w9, .L1
    ret
