; Windows installer of the Tournée field app (NSIS, built on Linux by packaging/build-windows.sh).
; Installed per user, without administrator rights (reps rarely have them), in
; %LOCALAPPDATA%\Programs\Tournee, with a Start-menu shortcut and an uninstaller listed in
; « Applications et fonctionnalités ». The app's data (settings, local database, drafts,
; pending change files) lives elsewhere (its home folder): installing a new version over
; an old one, or uninstalling, never touches it.
; Updates: the app's updater (tauri-plugin-updater) starts this installer with
;   /P        passive: no page to click through, only the progress bar
;   /S        silent (NSIS's own flag): no window at all
;   /UPDATE   an update over an installed copy: the folder is the installed one
;   /R        start the app again once installed, with what follows /ARGS as its arguments
; and ends the running app right after; the installer waits for its tournee.exe to be
; released before replacing it, so an update never ends with the old binary or a reboot.
; makensis -DVERSION=0.1.0 -DEXE=path\to\tournee.exe -DOUTFILE=... tournee.nsi
; A 64-bit installer for a 64-bit app (NSIS 3.08 has the amd64 stubs; runs under wine64 in the test).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is required (-DVERSION=…)"
!endif
!ifndef EXE
  !error "EXE is required (-DEXE=…): the tournee.exe built for x86_64-pc-windows-gnu"
!endif
!ifndef OUTFILE
  !define OUTFILE "tournee_${VERSION}_x64-setup.exe"
!endif

!define PRODUCT "Tournée"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\fr.tournee.field"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

; Set from the command line in .onInit: 1 when the flag is there.
Var Passive
Var Update
Var Restart
; What follows /ARGS on the command line: the app's own arguments, given back on restart.
Var AppArgs

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Tournee"
InstallDirRegKey HKCU "Software\Tournee" "InstallDir"
!define MUI_ICON "..\..\icons\icon.ico"
!define MUI_UNICON "..\..\icons\icon.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\tournee.exe"

; In passive mode and for updates, the pages that ask something are skipped.
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipWhenUnattended
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipWhenUnattended
!insertmacro MUI_PAGE_LICENSE "..\..\LICENSE"
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipWhenUnattended
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipWhenUnattended
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_FRENCH} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_FRENCH} "FileDescription" "${PRODUCT} : le CRM hors ligne des commerciaux"
VIAddVersionKey /LANG=${LANG_FRENCH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "LegalCopyright" "AGPL-3.0-or-later"

Function .onInit
  ${GetParameters} $R0
  StrCpy $Passive 0
  StrCpy $Update 0
  StrCpy $Restart 0
  StrCpy $AppArgs ""
  ; Only the installer's own flags, before /ARGS: the app's arguments may hold anything.
  ${GetOptions} $R0 "/ARGS" $R1
  ${IfNot} ${Errors}
    StrCpy $AppArgs $R1
    StrLen $R2 $R1
    StrLen $R3 $R0
    IntOp $R3 $R3 - $R2
    StrCpy $R0 $R0 $R3
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/P" $R1
  ${IfNot} ${Errors}
    StrCpy $Passive 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/UPDATE" $R1
  ${IfNot} ${Errors}
    StrCpy $Update 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/R" $R1
  ${IfNot} ${Errors}
    StrCpy $Restart 1
  ${EndIf}
  ${If} $Passive = 1
  ${OrIf} $Update = 1
    SetAutoClose true
  ${EndIf}
FunctionEnd

Function SkipWhenUnattended
  ${If} $Passive = 1
  ${OrIf} $Update = 1
    Abort
  ${EndIf}
FunctionEnd

; The updater ends the running app just after starting this installer: wait (up to 30 s)
; until its tournee.exe can be written, rather than fail or leave it for a reboot.
Function WaitForTheAppToEnd
  StrCpy $R9 0
  ${DoWhile} $R9 < 300
    ${IfNot} ${FileExists} "$INSTDIR\tournee.exe"
      Return
    ${EndIf}
    ClearErrors
    FileOpen $R8 "$INSTDIR\tournee.exe" a
    ${IfNot} ${Errors}
      FileClose $R8
      Return
    ${EndIf}
    Sleep 100
    IntOp $R9 $R9 + 1
  ${Loop}
FunctionEnd

Function .onInstSuccess
  ${If} $Restart = 1
    Exec '"$INSTDIR\tournee.exe" $AppArgs'
  ${EndIf}
FunctionEnd

Section "Tournée" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  Call WaitForTheAppToEnd
  ; A running copy holds tournee.exe open: the file is replaced at the next reboot rather
  ; than failing the update (SetOverwrite on + the Windows « rename on reboot »).
  SetOverwrite on
  File /oname=tournee.exe "${EXE}"
  File /oname=LICENSE.txt "..\..\LICENSE"
  ; The update signing key's public half (build-windows.sh --update-key): updates offered.
  !ifdef UPDATEKEY
    File /oname=update-key.pub "${UPDATEKEY}"
  !endif
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\tournee.exe"
  WriteRegStr HKCU "Software\Tournee" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Tournée"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\tournee.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only what the installer put here: the rep's data (home folder) stays.
  Delete "$INSTDIR\tournee.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\update-key.pub"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\Tournee"
SectionEnd
