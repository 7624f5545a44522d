    mov       rax, rsi
    xchg      qword ptr [rdi], rax
    ret
