    mov       rax, rsi
    lock cmpxchg qword ptr [rdi], rdx
    sete      al
    ret
