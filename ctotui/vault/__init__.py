"""Client vaults: each client's sensitive fields encrypted in the repository under its own key.

`fields` says which values are sealed and whose records are whose (pure, no cryptography: the
merge driver uses it to validate ciphertext without a key); `cipher` seals and opens one value
(AES-SIV, deterministic, bound to table, record and field); `manifest` is `vault.json`; `keys`
keeps keys outside every repository; `wrap` exports them under a passphrase; `records` seals and
opens whole records. docs/vault.md has the design and the threat model.
"""
