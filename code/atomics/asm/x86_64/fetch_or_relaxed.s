    mov       rax, qword ptr [rdi]
.L1:
    mov       rcx, rax
    or        rcx, rsi
    lock cmpxchg qword ptr [rdi], rcx
    jne       .L1
    ret
