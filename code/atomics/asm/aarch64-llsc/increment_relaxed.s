.L1:
    ldxr      x8, [x0]
    add       x8, x8, #1
    stxr      w9, x8, [x0]
    cbnz      w9, .L1
    ret
