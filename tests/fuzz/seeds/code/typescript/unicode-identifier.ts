let a = b
inä = 1
let c = d
instanceofé = 2
x
inΩ
