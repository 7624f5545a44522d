    mov       eax, 1
    lock xadd qword ptr [rdi], rax
    ret
