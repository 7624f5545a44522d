    xchg      qword ptr [rdi], rsi
    ret
