    mov       qword ptr [rdi], rsi
    ret
