"""The forms field staff fill on ODK Collect, KoboCollect or the browser, written as XLSForms (survey and
choice rows whose labels are the app's translatable strings) and converted to XForms with pyxform.

`base` turns a definition into a workbook in English, Lao and Thai and the workbook into an XForm;
`definitions` holds the five forms and the choice lists each user gets (only their scope)."""
