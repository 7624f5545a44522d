    mov       w8, #1
    stlr      x8, [x0]
    ldar      x0, [x1]
    ret
