.L1:
    ldxr      x8, [x0]
    orr       x9, x8, #0x20
    stxr      w10, x9, [x0]
    cbnz      w10, .L1
    ubfx      x0, x8, #5, #1
    ret
