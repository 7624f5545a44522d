    mov       x8, x1
    cas       x8, x2, [x0]
    cmp       x8, x1
    cset      w0, eq
    ret
