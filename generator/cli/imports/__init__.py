"""``python -m generator import``: the office's old minutes (Word .docx and Markdown) as dossiers.

    dates      dates as minutes write them (2022年10月15日, 2025.4.30, 04/12/2018, August 4th, 2017)
    wordxml    what mammoth leaves out of a .docx: Word's numbering labels, page breaks, headers, footers
    html2md    mammoth's HTML → blocks → the dossier's Markdown (escaping, tables with merged cells)
    fields     the values minutes state plainly: 时间, 地点, 主持人, 记录人, 参会人员, a task table
    word       a .docx → its meetings (title, date, one per meeting in the file, headings, body, images)
    mdsource   a .md → its meeting (front matter kept or moved to the body, local files copied)
    meeting    what a meeting is before it is written
    dossier    meetings → files: front matter, id and path, a check in a staging folder, the writing
"""
