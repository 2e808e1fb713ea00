module github.com/parley-desk/parley

go 1.26.8

require github.com/blevesearch/snowballstem v0.9.0
