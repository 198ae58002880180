"""Ingest: BOM files in any format and encoding -> a Bom of sheets with the header row and column roles found."""
