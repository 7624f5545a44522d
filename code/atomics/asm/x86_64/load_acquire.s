    mov       rax, qword ptr [rdi]
    ret
