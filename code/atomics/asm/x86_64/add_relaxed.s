    lock add  qword ptr [rdi], rsi
    ret
