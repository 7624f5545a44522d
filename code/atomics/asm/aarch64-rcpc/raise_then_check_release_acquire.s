    mov       w8, #1
    stlr      x8, [x0]
    ldapr     x0, [x1]
    ret
