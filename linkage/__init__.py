"""linkage: record linkage and entity resolution for Indonesian social-aid beneficiary data."""

__version__ = "0.1.0"
