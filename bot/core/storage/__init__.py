"""Storage: the only code that writes SQL. One Storage class (store.py) built from a mixin per table family, its migrations, and how instants are stored. Never imports telegram."""
