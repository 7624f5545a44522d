.L1:
    ldxr      x8, [x0]
    cmp       x8, x1
    b.ne      .L2
    stxr      w8, x2, [x0]
    cbnz      w8, .L1
    mov       w0, #1
    ret
.L2:
    mov       w0, wzr
    clrex
    ret
