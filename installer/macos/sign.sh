#!/usr/bin/env bash
# Signing hook for macOS: sign and notarise the bundle with the authority's Developer ID.
# PLACEHOLDER: set IDENTITY (e.g. "Developer ID Application: <Authority> (TEAMID)") and a
# notarytool keychain profile on the signing Mac; nothing here holds a secret.
#   codesign --deep --force --options runtime --sign "$IDENTITY" build/dist/paclient
#   xcrun notarytool submit build/paclient-macos.zip --keychain-profile "$PROFILE" --wait
echo "Signing is not configured: set up the authority's certificate (installer/README.md)." >&2
exit 1
