((identifier) @c (#match? @c "^[A-Z][A-Z\\d_]*$|^(?:ab|c{1,3}?)+\\b.[^\\s\\W]\\x41\\u00e9(?<n>z)*$") (#any-not-match? @c "[\\]{}-]"))
((string_fragment) @s (#not-match? @s "^(a+)+$|\\.\\*"))