    lock inc  qword ptr [rdi]
    ret
