module example.com/morph-example

go 1.19
