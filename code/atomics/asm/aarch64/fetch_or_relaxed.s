    stp       x29, x30, [sp, #-16]!
    mov       x29, sp
    mov       x8, x0
    mov       x0, x1
    mov       x1, x8
    bl        __aarch64_ldset8_relax
    ldp       x29, x30, [sp], #16
    ret
