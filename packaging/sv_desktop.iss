; Inno Setup script: a per-user Windows installer for SV Desktop that needs no administrator rights.
;
; Build the bundle first, on Windows (PyInstaller cannot build Windows programs elsewhere):
;     py packaging\bootstrap.py build
; then, with Inno Setup 6.3 or newer installed:
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\sv_desktop.iss
; The installer is written to build\installer\SV-Desktop-<version>-setup.exe.
;
; It installs into the user's own profile (%LOCALAPPDATA%\Programs\SV Desktop), adds a Start Menu
; shortcut (and a desktop one if asked) and registers an uninstaller under the user's own Apps list.
; The version is read from the version resource PyInstaller put into sv-desktop.exe, which the spec
; makes from sv_desktop.__version__; pass /DAppVersion=x.y.z to ISCC to override it.
; Uninstalling removes the program only: the store, backups and settings in
; %LOCALAPPDATA%\SV Desktop\SV Desktop are the user's data and are left in place.

#define AppName "SV Desktop"
#define AppExeName "sv-desktop.exe"
#define BundleDir AddBackslash(SourcePath) + "..\build\dist\sv-desktop"

#if !FileExists(BundleDir + "\" + AppExeName)
  #error The bundle is missing: run "py packaging\bootstrap.py build" first (it makes build\dist\sv-desktop).
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\" + AppExeName, "ProductVersion")
#endif

[Setup]
; AppId identifies SV Desktop to Windows across versions, so an upgrade replaces the old copy: never change it.
AppId={{CDACDF2C-0A63-4417-9524-45B8B5B7DB77}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#GetVersionNumbersString(BundleDir + "\" + AppExeName)}
VersionInfoProductName={#AppName}
; Per user, no administrator rights: no UAC prompt, nothing outside the user's profile.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\build\installer
OutputBaseFilename=SV-Desktop-{#AppVersion}-setup
SetupIconFile=icons\sv-desktop.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: sv-desktop.exe (the app, no console window), sv-desktop-cli.exe
; (the headless commands, for scripts) and _internal\ (Python, Qt, resources, migrations).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
