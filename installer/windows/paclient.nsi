; NSIS script: the Windows installer for the PyInstaller bundle.
; Build on Windows after `pyinstaller installer/paclient.spec` (see installer/README.md):
;   makensis /DVERSION=0.2.0 installer\windows\paclient.nsi
; Written here but not built here: PyInstaller cannot cross-build a Windows bundle on Linux.
Unicode true
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!define BUNDLE "..\..\build\dist\paclient"

Name "paclient ${VERSION}"
OutFile "..\..\build\paclient-${VERSION}-setup.exe"
InstallDir "$PROGRAMFILES64\paclient"
InstallDirRegKey HKLM "Software\paclient" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "paclient"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  WriteRegStr HKLM "Software\paclient" "InstallDir" "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\paclient"
  CreateShortcut "$SMPROGRAMS\paclient\paclient.lnk" "$INSTDIR\paclient-app.exe"
  CreateShortcut "$SMPROGRAMS\paclient\Uninstall paclient.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\paclient" \
    "DisplayName" "paclient"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\paclient" \
    "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\paclient" \
    "UninstallString" '"$INSTDIR\uninstall.exe"'
SectionEnd

; Removes the program only: each adviser's store stays in their own data folder.
Section "Uninstall"
  RMDir /r "$SMPROGRAMS\paclient"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\paclient"
  DeleteRegKey HKLM "Software\paclient"
SectionEnd
