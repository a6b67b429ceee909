@echo off
rem Signing hook: sign the bundle's executable and the installer with the authority's
rem code-signing certificate. PLACEHOLDER: set CERT_FILE / CERT_PASSWORD (or use a
rem certificate store thumbprint) on the signing machine; nothing here holds a secret.
rem   signtool sign /fd SHA256 /tr http://timestamp.example /td SHA256 /f "%CERT_FILE%" ^
rem     /p "%CERT_PASSWORD%" build\dist\paclient\paclient.exe ^
rem     build\dist\paclient\paclient-app.exe build\paclient-*-setup.exe
echo Signing is not configured: set up the authority's certificate (installer\README.md).
exit /b 1
