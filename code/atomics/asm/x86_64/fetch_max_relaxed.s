    mov       rax, qword ptr [rdi]
.L1:
    cmp       rax, rsi
    mov       rcx, rsi
    cmova     rcx, rax
    lock cmpxchg qword ptr [rdi], rcx
    jne       .L1
    ret
