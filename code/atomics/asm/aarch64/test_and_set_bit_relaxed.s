    stp       x29, x30, [sp, #-16]!
    mov       x29, sp
    mov       x1, x0
    mov       w0, #32
    bl        __aarch64_ldset8_relax
    ubfx      x0, x0, #5, #1
    ldp       x29, x30, [sp], #16
    ret
