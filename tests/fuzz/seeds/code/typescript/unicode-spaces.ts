let a: number = 1　
let b = 2 
foo(a , b)
x ++
y
