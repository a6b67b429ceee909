"""Help > User guide: the adviser's guide that ships inside the package, shown in a window
(offline, like everything else; its pictures are the screenshots beside it)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCursor,
    QTextDocument,
    QTextFragment,
)
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from paclient.resources import resource_path

GUIDE = ("guide", "user-guide.md")


class GuideWindow(QWidget):
    """The user guide, read-only, with working links and pictures; Escape closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("paclient user guide"))
        self.browser = _Browser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(self.tr("User guide"))
        path = resource_path(*GUIDE)  # ResourceMissing, one sentence, if not shipped
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)),
                               QTextDocument.ResourceType.MarkdownResource)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        QShortcut(QKeySequence.StandardKey.Cancel, self, self.close)
        self.resize(900, 700)

    def pictures(self) -> list[str]:
        """The names of the pictures the guide shows, in order."""
        return [fragment.charFormat().toImageFormat().name()
                for fragment in self.browser.images()]

    def heading(self) -> str:
        """The guide's first heading, as shown."""
        return self.browser.document().firstBlock().text()


class _Browser(QTextBrowser):
    """A text browser that shrinks each screenshot to the page's width (height follows)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_pictures()

    def fit_pictures(self) -> None:
        """Shrink each screenshot to the page's width (its height follows)."""
        width = max(200, self.viewport().width() - 40)
        cursor = QTextCursor(self.document())
        for fragment in list(self.images()):
            image = fragment.charFormat().toImageFormat()
            natural = self.document().resource(
                QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
            full = natural.width() if hasattr(natural, "width") else width
            image.setWidth(min(full, width))
            cursor.setPosition(fragment.position())
            cursor.setPosition(fragment.position() + fragment.length(),
                               QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image)

    def images(self) -> Iterator[QTextFragment]:
        """The picture fragments of the page, in order."""
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().isImageFormat():
                    yield fragment
                fragments += 1
            block = block.next()
