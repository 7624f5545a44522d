    ldadd     x1, x8, [x0]
    ret
