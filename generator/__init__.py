"""会务档案生成器: meeting dossiers → validated archive → MkDocs site."""

__version__ = "0.1.0"
