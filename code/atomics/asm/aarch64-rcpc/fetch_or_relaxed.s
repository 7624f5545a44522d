    ldset     x1, x0, [x0]
    ret
