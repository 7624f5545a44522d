    mov       eax, 1
    xchg      qword ptr [rdi], rax
    mov       rax, qword ptr [rsi]
    ret
