module github.com/parley-desk/parley

go 1.26.8

require github.com/blevesearch/snowballstem v0.9.0

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/phpdave11/gofpdi v1.0.14-0.20211212211723-1f10f9844311 // indirect
	github.com/pkg/errors v0.8.1 // indirect
	github.com/signintech/gopdf v0.33.0 // indirect
)
