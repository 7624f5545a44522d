    stp       x29, x30, [sp, #-32]!
    str       x19, [sp, #16]
    mov       x29, sp
    mov       x8, x0
    mov       x19, x1
    mov       x0, x1
    mov       x1, x2
    mov       x2, x8
    bl        __aarch64_cas8_relax
    cmp       x0, x19
    cset      w0, eq
    ldr       x19, [sp, #16]
    ldp       x29, x30, [sp], #32
    ret
