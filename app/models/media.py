"""A stored image: re-encoded without metadata, under a generated key, with its renditions."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, UTCDateTime, utcnow

# A regular expression on PostgreSQL; SQLite's GLOB has no repetition, so there it checks
# the length, the first character and that none is outside [a-z0-9_]. Migration 0016 too.
PURPOSE_CHECKS = {
    "postgresql": "purpose ~ '^[a-z][a-z0-9_]{1,31}$'",
    "sqlite": (
        "length(purpose) BETWEEN 2 AND 32 AND purpose GLOB '[a-z]*' "
        "AND purpose NOT GLOB '*[^a-z0-9_]*'"
    ),
}
CONTENT_TYPES = ("image/jpeg", "image/png")
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}


class MediaFile(Model):
    """One uploaded image as stored; the file's name derives from `key`, never from the upload."""

    __tablename__ = "media_file"
    __table_args__ = (
        # Kinds register purposes (app.media.purposes); the database refuses only malformed ones.
        *(
            CheckConstraint(check, name="purpose_wellformed").ddl_if(dialect=dialect)
            for dialect, check in PURPOSE_CHECKS.items()
        ),
        CheckConstraint(f"content_type IN {CONTENT_TYPES!r}", name="content_type_known"),
        CheckConstraint("length(key) = 32", name="key_length"),
        CheckConstraint("width > 0 AND height > 0", name="dimensions_positive"),
        CheckConstraint("byte_size > 0", name="byte_size_positive"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        # Near-duplicate checks scan one brand's hashes.
        Index("ix_media_file_brand_purpose", "brand_id", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32), unique=True)
    purpose: Mapped[str] = mapped_column(String(32))
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # 64-bit dHash stored as a signed integer (what BIGINT holds); see app.media.phash.
    phash: Mapped[int] = mapped_column(BigInteger)
    # Rendition name -> {"width", "height", "byte_size"}; a name appears once its file exists.
    renditions: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    def storage_name(self, rendition: str | None = None) -> str:
        """Where the original (or a rendition) lives in storage; sharded by the key's start."""
        suffix = f"-{rendition}" if rendition else ""
        return f"{self.key[:2]}/{self.key}{suffix}.{self.extension}"

    def __repr__(self) -> str:
        return f"<MediaFile {self.key} {self.purpose} {self.width}x{self.height}>"
