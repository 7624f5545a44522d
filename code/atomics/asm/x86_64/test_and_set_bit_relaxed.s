    lock bts  qword ptr [rdi], 5
    setb      al
    ret
