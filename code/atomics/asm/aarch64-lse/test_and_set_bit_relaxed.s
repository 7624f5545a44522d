    mov       w8, #32
    ldset     x8, x8, [x0]
    ubfx      x0, x8, #5, #1
    ret
