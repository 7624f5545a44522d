    ldxr      x8, [x0]
    cmp       x8, x1
    b.ne      .L1
    stxr      w8, x2, [x0]
    cmp       w8, #0
    cset      w0, eq
    ret
.L1:
    mov       w0, wzr
    clrex
    ret
