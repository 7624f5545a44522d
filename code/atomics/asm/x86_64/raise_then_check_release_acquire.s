    mov       qword ptr [rdi], 1
    mov       rax, qword ptr [rsi]
    ret
