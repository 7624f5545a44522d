    ldapr     x0, [x0]
    ret
