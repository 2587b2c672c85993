"""Publishing: the consolidated report (Word, Nghị định 30/2020/NĐ-CP layout) with its Excel annex, spreadsheet import of reported figures, and open export for higher-level systems."""
