(identifier) @naïve
(identifier)　@id
