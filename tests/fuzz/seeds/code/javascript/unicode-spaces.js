let a = 1　
let b = `x${1} `
foo(a , b)
return 
1
x ++
y
/* c */ 
z
